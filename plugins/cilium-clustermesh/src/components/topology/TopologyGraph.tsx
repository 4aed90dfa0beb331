import Typography from '@material-ui/core/Typography';
import type {
  ClusterStatus,
  ConnectionSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { ReactElement, useId, useMemo } from 'react';
import { isSelected, MeshSelection } from '../mesh/selection';
import { CONNECTION_STATE_ORDER } from '../shared/states';
import {
  DirectedEdge,
  GroupEdge,
  groupEdgeText,
  OneWayTag,
  pairLabelPosition,
} from './GraphEdges';
import { ClusterBox, GroupBox } from './GraphNodes';
import { ClusterNode, GraphLayout, layoutGraph } from './layout';
import { edgeLabel, LinkCounts } from './labels';
import { effectiveState } from './links';
import { describeGraph, graphNotes, LABEL_ALL_EDGES_LIMIT } from './summary';
import { GraphClasses, useGraphStyles } from './styles';

export interface TopologyGraphProps {
  clusters: ClusterStatus[];
  connections: ConnectionSummary[];
  /** The cluster whose entity page shows the graph: always drawn, and marked. */
  focus?: string;
  selected?: MeshSelection;
  onSelect(selection: MeshSelection): void;
}

const GROUP_NAME = 'the grouped clusters';

interface EdgeToDraw {
  key: string;
  /** Draw order: missing and Ready first, so trouble is drawn on top. */
  rank: number;
  element: ReactElement;
}

function edgesOf(
  layout: GraphLayout,
  props: Pick<TopologyGraphProps, 'selected' | 'onSelect'>,
  classes: GraphClasses,
): { edges: EdgeToDraw[]; oneWay: ReactElement[] } {
  const at = new Map<string, ClusterNode>(
    layout.clusters.map(node => [node.cluster.name, node]),
  );
  const labelEverything = layout.clusters.length <= LABEL_ALL_EDGES_LIMIT;
  const edges: EdgeToDraw[] = [];
  const oneWay: ReactElement[] = [];
  for (const pair of layout.pairs) {
    const a = at.get(pair.a)!;
    const b = at.get(pair.b)!;
    const directions = [
      { from: a, to: b, connection: pair.forward },
      { from: b, to: a, connection: pair.backward },
    ];
    const labelPosition = pairLabelPosition(
      a,
      b,
      edgeLabel(pair.forward),
      edgeLabel(pair.backward),
    );
    for (const { from, to, connection } of directions) {
      const key = `${from.cluster.name}->${to.cluster.name}`;
      const state = effectiveState(connection);
      edges.push({
        key,
        rank: connection
          ? CONNECTION_STATE_ORDER.connected + 1 - CONNECTION_STATE_ORDER[state]
          : 0,
        element: (
          <DirectedEdge
            key={key}
            from={from.cluster.name}
            to={to.cluster.name}
            fromAt={from}
            toAt={to}
            connection={connection}
            oneWay={pair.oneWay}
            labelPosition={labelPosition}
            quiet={!labelEverything && state === 'connected' && !pair.oneWay}
            selected={isSelected(props.selected, {
              kind: 'connection',
              from: from.cluster.name,
              to: to.cluster.name,
            })}
            onSelect={props.onSelect}
            classes={classes}
          />
        ),
      });
    }
    if (pair.oneWay) {
      oneWay.push(
        <OneWayTag
          key={`${pair.a}<->${pair.b}`}
          a={a}
          b={b}
          classes={classes}
        />,
      );
    }
  }
  const { group } = layout;
  if (group) {
    const byCluster = new Map<string, { out?: LinkCounts; in?: LinkCounts }>();
    for (const link of layout.groupLinks) {
      const entry = byCluster.get(link.cluster) ?? {};
      entry[link.toGroup ? 'out' : 'in'] = link.counts;
      byCluster.set(link.cluster, entry);
    }
    for (const [cluster, counts] of byCluster) {
      const node = at.get(cluster)!;
      const labelPosition = pairLabelPosition(
        node,
        group,
        counts.out ? groupEdgeText(counts.out) : '',
        counts.in ? groupEdgeText(counts.in) : '',
      );
      const directions = [
        {
          from: cluster,
          to: GROUP_NAME,
          fromAt: node,
          toAt: group,
          counts: counts.out,
        },
        {
          from: GROUP_NAME,
          to: cluster,
          fromAt: group,
          toAt: node,
          counts: counts.in,
        },
      ];
      for (const direction of directions) {
        if (!direction.counts) continue;
        const key = `${direction.from}->${direction.to}`;
        edges.push({
          key,
          rank: 0,
          element: (
            <GroupEdge
              key={key}
              {...direction}
              counts={direction.counts}
              labelPosition={labelPosition}
              classes={classes}
            />
          ),
        });
      }
    }
  }
  edges.sort((x, y) => x.rank - y.rank);
  return { edges, oneWay };
}

/**
 * The mesh as boxes and arrows: one arrow per direction, each saying its
 * state in words. Large meshes draw the clusters that need attention and
 * group the rest, so the graph stays readable and cheap.
 */
export function TopologyGraph(props: TopologyGraphProps) {
  const { clusters, connections, focus, selected, onSelect } = props;
  const classes = useGraphStyles();
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;

  const layout = useMemo(
    () => layoutGraph(clusters, connections, { focus }),
    [clusters, connections, focus],
  );
  const description = useMemo(() => describeGraph(layout), [layout]);
  const notes = useMemo(() => graphNotes(layout), [layout]);
  const { edges, oneWay } = useMemo(
    () => edgesOf(layout, { selected, onSelect }, classes),
    [layout, selected, onSelect, classes],
  );

  return (
    <div className={classes.root}>
      <svg
        className={classes.svg}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        preserveAspectRatio="xMidYMid meet"
        role="group"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      >
        <title id={titleId}>Mesh topology</title>
        <desc id={descriptionId}>{description}</desc>
        <g>{edges.map(edge => edge.element)}</g>
        <g>{oneWay}</g>
        <g>
          {layout.clusters.map(node => (
            <ClusterBox
              key={node.cluster.name}
              node={node}
              selected={isSelected(selected, {
                kind: 'cluster',
                cluster: node.cluster.name,
              })}
              onSelect={onSelect}
              classes={classes}
            />
          ))}
          {layout.group && (
            <GroupBox
              node={layout.group}
              anyDrawn={layout.clusters.length > 0}
              classes={classes}
            />
          )}
        </g>
      </svg>
      {notes.map(note => (
        <Typography key={note} variant="body2" className={classes.notes}>
          {note}
        </Typography>
      ))}
    </div>
  );
}
