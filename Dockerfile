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
# The pinned, hashed dependencies first (a layer that changes only with the lockfile), then
# Teczka itself without resolving anything again (README, "Dependencies").
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY domain/ domain/
COPY services/ services/
COPY projections/ projections/
COPY api/ api/
RUN pip install --no-deps .
COPY --from=tablet /src/tablet_ui/dist tablet_ui/dist
RUN useradd --system --uid 10001 teczka
USER teczka
EXPOSE 8000
# Liveness only (the process answers): a database outage must not get every API container
# restarted. docker-compose.yml asks /readyz (the store answers) for its own ordering.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/livez', timeout=3)"]
CMD ["teczka", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
