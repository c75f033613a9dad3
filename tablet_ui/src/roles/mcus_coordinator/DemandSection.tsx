// Demand against capacity (issue #20): per service its places, the orders in care, waiting
// and suspended, and the same per district of the clients' folders. Counts only. The
// coordinator sees her provider's; managers and the MOPS management every provider's.
import type { Demand } from '../../contract';
import { label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { useView, ViewNote } from '../../ui/useView';
import { Section } from '../shared/common';
import '../manager/manager.css';

const DEMAND = 'handoff:capacity';

type Row = Demand['services'][number];

function Counts({ row }: { row: Row }) {
  return (
    <>
      <td class="num" data-testid="demand-in-care">{row.in_care}</td>
      <td class="num" data-testid="demand-waiting">{row.waiting}</td>
      <td class="num">{row.suspended}</td>
    </>
  );
}

export function DemandSection({ showProvider = false }: { showProvider?: boolean }) {
  const { views } = useApp();
  const view = useView<Demand>(DEMAND, () => views.refresh(DEMAND, '/api/handoff/capacity'));
  const demand = view.data;
  return (
    <Section title={t('capacity.title')} testid="demand">
      {!demand && <ViewNote view={view} />}
      {demand && (
        <>
          <table class="data figures" data-testid="demand-services">
            <thead>
              <tr>
                {showProvider && <th scope="col">{t('capacity.provider')}</th>}
                <th scope="col">{t('capacity.service')}</th>
                <th scope="col" class="num">{t('capacity.places')}</th>
                <th scope="col" class="num">{t('capacity.inCare')}</th>
                <th scope="col" class="num">{t('capacity.waiting')}</th>
                <th scope="col" class="num">{t('capacity.suspended')}</th>
              </tr>
            </thead>
            <tbody>
              {demand.services.map((row) => (
                <tr key={`${row.provider_id}:${row.form}`} data-testid="demand-service" data-form={row.form}
                  data-provider={row.provider_id} class={row.waiting > 0 ? 'row-changed' : undefined}>
                  {showProvider && <td>{row.provider_id}</td>}
                  <th scope="row">{label('form.', row.form)}</th>
                  <td class="num" style={{ whiteSpace: 'nowrap' }} data-testid="demand-places">{row.places ?? t('capacity.unlimited')}</td>
                  <Counts row={row} />
                </tr>
              ))}
            </tbody>
          </table>
          {demand.districts.length > 0 && (
            <>
              <h3>{t('capacity.byDistrict')}</h3>
              <table class="data figures" data-testid="demand-districts">
                <thead>
                  <tr>
                    {showProvider && <th scope="col">{t('capacity.provider')}</th>}
                    <th scope="col">{t('capacity.service')}</th>
                    <th scope="col">{t('capacity.district')}</th>
                    <th scope="col" class="num">{t('capacity.inCare')}</th>
                    <th scope="col" class="num">{t('capacity.waiting')}</th>
                    <th scope="col" class="num">{t('capacity.suspended')}</th>
                  </tr>
                </thead>
                <tbody>
                  {demand.districts.map((row) => (
                    <tr key={`${row.provider_id}:${row.form}:${row.teryt ?? ''}`} data-testid="demand-district" data-teryt={row.teryt ?? ''}>
                      {showProvider && <td>{row.provider_id}</td>}
                      <td>{label('form.', row.form)}</td>
                      <th scope="row">{row.teryt === null ? t('capacity.noDistrict') : (row.name ?? row.teryt)}</th>
                      <Counts row={row} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </Section>
  );
}
