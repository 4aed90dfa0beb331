import { StructuredMetadataTable } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ConnectionLayer } from '@meshportal/plugin-cilium-clustermesh-common';
import { Facts, layerFacts } from './detailsModel';

/** Our keys are already the words to show; the default would re-case them. */
const AS_WRITTEN = { titleFormat: (key: string) => key };

export function FactsTable(props: { facts: Facts }) {
  return (
    <StructuredMetadataTable
      dense
      metadata={props.facts}
      options={AS_WRITTEN}
    />
  );
}

export interface LayerFactsProps {
  title: string;
  layer?: ConnectionLayer;
  /** Shown when the source has no such layer. */
  absentText: string;
}

export function LayerFacts(props: LayerFactsProps) {
  return (
    <section aria-label={props.title}>
      <Typography variant="subtitle1" component="h3">
        {props.title}
      </Typography>
      {props.layer ? (
        <FactsTable facts={layerFacts(props.layer)} />
      ) : (
        <Typography variant="body2">{props.absentText}</Typography>
      )}
    </section>
  );
}
