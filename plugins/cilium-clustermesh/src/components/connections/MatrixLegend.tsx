import { makeStyles } from '@material-ui/core/styles';
import type { ConnectionState } from '@meshportal/plugin-cilium-clustermesh-common';
import { CONNECTION_STATE_TEXT } from '../shared/states';
import { NO_LINK_TEXT, SELF_TEXT, STATE_GLYPH } from './matrixModel';
import { CONNECTION_STATE_MEANING } from './stateMeaning';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    margin: theme.spacing(1.5, 0, 0),
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
  entry: { display: 'contents' },
  term: { fontWeight: theme.typography.fontWeightBold as number, margin: 0 },
  description: { margin: 0 },
}));

/** From a working link to one nobody can judge, as a reader meets them. */
const LEGEND_ORDER: ConnectionState[] = [
  'connected',
  'degraded',
  'disconnected',
  'unconfigured',
  'unknown',
];

const ENTRIES: [term: string, meaning: string][] = [
  ...LEGEND_ORDER.map((state): [string, string] => [
    `${STATE_GLYPH[state]} ${CONNECTION_STATE_TEXT[state]}`,
    CONNECTION_STATE_MEANING[state],
  ]),
  [NO_LINK_TEXT, 'neither cluster is configured to connect to the other'],
  [SELF_TEXT, 'the cluster itself'],
  ['agents k/N', "k of the source's N Cilium agents report the target ready"],
  [
    'KVStoreMesh k/N',
    "k of the source's N KVStoreMesh replicas (in its clustermesh-apiserver) report the target ready",
  ],
];

/** What the glyphs, words and counts in the matrix cells mean. */
export function MatrixLegend() {
  const classes = useStyles();
  return (
    <dl className={classes.legend} aria-label="Legend">
      {ENTRIES.map(([term, meaning]) => (
        <div key={term} className={classes.entry}>
          <dt className={classes.term}>{term}</dt>
          <dd className={classes.description}>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
