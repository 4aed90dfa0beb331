import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import type { HealthFilter, MeshFilter } from './meshRows';

const HEALTH_OPTIONS: { value: HealthFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'attention', label: 'Needs attention' },
  { value: 'healthy', label: 'Healthy' },
  { value: 'degraded', label: 'Degraded' },
  { value: 'down', label: 'Down' },
  { value: 'unknown', label: 'Unknown' },
];

export interface MeshFiltersProps {
  filter: MeshFilter;
  onChange(filter: MeshFilter): void;
}

/** A text filter on name and title, and a health filter. */
export function MeshFilters(props: MeshFiltersProps) {
  const { filter, onChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
      <TextField
        id="cilium-clustermesh-admin-filter"
        label="Filter meshes"
        placeholder="Name or title"
        variant="outlined"
        size="small"
        value={filter.text}
        onChange={event => onChange({ ...filter, text: event.target.value })}
      />
      <TextField
        id="cilium-clustermesh-admin-health"
        select
        label="Health"
        variant="outlined"
        size="small"
        // A native select: keyboard and screen readers handle it as they
        // handle any form control.
        SelectProps={{ native: true }}
        value={filter.health}
        onChange={event =>
          onChange({ ...filter, health: event.target.value as HealthFilter })
        }
      >
        {HEALTH_OPTIONS.map(option => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </TextField>
    </Box>
  );
}
