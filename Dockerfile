# The tablet app is built with Node; the API image carries only Python and the built files.
FROM node:20-bookworm-slim AS tablet
WORKDIR /src/tablet_ui
COPY tablet_ui/package.json tablet_ui/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tablet_ui/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY domain/ domain/
COPY services/ services/
COPY projections/ projections/
COPY api/ api/
RUN pip install .
COPY --from=tablet /src/tablet_ui/dist tablet_ui/dist
RUN useradd --system --uid 10001 teczka
USER teczka
EXPOSE 8000
CMD ["teczka", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
