import type { Theme } from '@material-ui/core/styles';

/** Backstage themes add `status` colours; a plain MUI theme falls back to its own. */
export function statusColours(theme: Theme) {
  const status = theme.palette.status as Theme['palette']['status'] | undefined;
  return {
    ok: status?.ok ?? theme.palette.success.main,
    warning: status?.warning ?? theme.palette.warning.main,
    error: status?.error ?? theme.palette.error.main,
    aborted: status?.aborted ?? theme.palette.grey[600],
  };
}
