// The admin's read-model health screen: how a stall's error and event are shown.
import { describe, expect, it } from 'vitest';
import { errorSummary, eventName } from '../src/roles/admin/HealthScreen';

describe('a stalled read model on the admin screen', () => {
  it('shows the last line of the traceback: the exception and its message', () => {
    const trace = 'Traceback (most recent call last):\n  File "x.py", line 1\nOverflowError: date value out of range\n';
    expect(errorSummary(trace)).toBe('OverflowError: date value out of range');
  });

  it('names the event by its class, not its module path', () => {
    expect(eventName('domain.service_order:ServiceOrder.CareVisitStarted')).toBe('CareVisitStarted');
    expect(eventName('domain.projection_skip:ProjectionEventSkip.ProjectionEventSkipped')).toBe('ProjectionEventSkipped');
  });
});
