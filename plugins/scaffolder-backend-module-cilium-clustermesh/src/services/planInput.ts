import { InputError } from '@backstage/errors';
import {
  checkProvisioningPlan,
  formatViolations,
  MeshProvisioningPlan,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type { MeshToolkit } from './toolkit';
import type { z } from 'zod/v3';

/** The zod the scaffolder hands to schema callbacks. */
type Zod = typeof z;

/** The `plan` input every action after `cilium:mesh:plan` takes: that action's `plan` output. */
export const planInput = (z: Zod) =>
  z
    .object({
      mesh: z.string(),
      clusters: z.array(z.object({ aksName: z.string() }).passthrough()),
    })
    .passthrough()
    .describe(
      'The plan from cilium:mesh:plan (`${{ steps.plan.output.plan }}`); checked again before anything changes',
    );

/**
 * The plan as a later step received it, checked again: a template may pass
 * an edited plan, and nothing may change in Azure or a cluster before the
 * rules hold.
 */
export async function checkedPlan(
  toolkit: MeshToolkit,
  input: unknown,
): Promise<MeshProvisioningPlan> {
  const plan = input as MeshProvisioningPlan;
  const violations = checkProvisioningPlan(plan, {
    chartVersions: await toolkit.schemas().versions(),
  });
  if (violations.length > 0) {
    throw new InputError(
      `The mesh plan would not work:\n${formatViolations(
        violations.map(v => ({ ...v, field: `plan.${v.field}` })),
      )}`,
    );
  }
  return plan;
}
