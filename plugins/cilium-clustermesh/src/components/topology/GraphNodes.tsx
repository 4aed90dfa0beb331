import type { Health } from '@meshportal/plugin-cilium-clustermesh-common';
import type { KeyboardEvent } from 'react';
import type { MeshSelection } from '../mesh/selection';
import { HEALTH_TEXT } from '../shared/states';
import { fitText } from './geometry';
import {
  clusterDescription,
  clusterLines,
  describeHealthCounts,
  describeLinkCounts,
  plural,
} from './labels';
import { ClusterNode, GroupNode, NODE_SIZE } from './layout';
import { classNames, GraphClasses } from './styles';

const LINE_HEIGHT = 18;
const TEXT_ROOM = NODE_SIZE.width - 16;

function healthClass(health: Health, classes: GraphClasses): string {
  const byHealth: Record<Health, string> = {
    healthy: classes.healthy,
    degraded: classes.healthDegraded,
    down: classes.down,
    unknown: classes.healthUnknown,
  };
  return byHealth[health];
}

function BoxLines(props: {
  x: number;
  y: number;
  lines: string[];
  classes: GraphClasses;
}) {
  const { x, y, lines, classes } = props;
  const top = y - ((lines.length - 1) * LINE_HEIGHT) / 2;
  return (
    <>
      {lines.map((line, i) => {
        const fontSize = i === 0 ? 14 : 12;
        return (
          <text
            key={i}
            className={i === 0 ? classes.nodeName : classes.nodeText}
            x={x}
            y={top + i * LINE_HEIGHT}
            textAnchor="middle"
            dominantBaseline="central"
          >
            {fitText(line, TEXT_ROOM, fontSize)}
          </text>
        );
      })}
    </>
  );
}

function boxCorner(node: { x: number; y: number }) {
  return { x: node.x - NODE_SIZE.width / 2, y: node.y - NODE_SIZE.height / 2 };
}

export interface ClusterBoxProps {
  node: ClusterNode;
  selected: boolean;
  onSelect(selection: MeshSelection): void;
  classes: GraphClasses;
}

/** A cluster: name, cluster ID, Cilium version, agents ready and health in words. */
export function ClusterBox(props: ClusterBoxProps) {
  const { node, selected, classes } = props;
  const { cluster } = node;
  const corner = boxCorner(node);
  const select = () =>
    props.onSelect({ kind: 'cluster', cluster: cluster.name });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  };
  return (
    <g
      className={classNames(
        classes.node,
        healthClass(cluster.health, classes),
        {
          [classes.selectedNode]: selected,
          [classes.focusNode]: node.focus,
        },
      )}
      role="button"
      tabIndex={0}
      aria-label={`${clusterDescription(cluster)}${
        node.focus ? ' (this cluster)' : ''
      }`}
      aria-pressed={selected}
      data-cluster={cluster.name}
      onClick={select}
      onKeyDown={onKeyDown}
    >
      <rect
        className={classes.nodeHalo}
        x={corner.x - 5}
        y={corner.y - 5}
        width={NODE_SIZE.width + 10}
        height={NODE_SIZE.height + 10}
        rx={10}
      />
      <rect
        className={classes.nodeBox}
        x={corner.x}
        y={corner.y}
        width={NODE_SIZE.width}
        height={NODE_SIZE.height}
        rx={6}
      />
      {node.focus && (
        <text
          className={classes.focusTag}
          x={node.x}
          y={corner.y - 10}
          textAnchor="middle"
        >
          This cluster
        </text>
      )}
      <BoxLines
        x={node.x}
        y={node.y}
        lines={clusterLines(cluster)}
        classes={classes}
      />
    </g>
  );
}

/** "231 more clusters", whether the links among them are all Ready, and their health. */
export function groupLines(group: GroupNode, anyDrawn: boolean): string[] {
  const title = plural(
    group.clusterCount,
    anyDrawn ? 'more cluster' : 'cluster',
  );
  const { links } = group;
  const problems =
    links.degraded +
    links.disconnected +
    links.unconfigured +
    links.unknown +
    links.missing;
  const linkLine =
    problems === 0 ? 'all links Ready' : describeLinkCounts(links);
  const healthLine =
    group.health.healthy === group.clusterCount
      ? `all ${HEALTH_TEXT.healthy}`
      : describeHealthCounts(group.health);
  return group.clusterCount < 2
    ? [title, healthLine]
    : [title, linkLine, healthLine];
}

/** Every cluster not drawn on its own, as one stacked box. */
export function GroupBox(props: {
  node: GroupNode;
  anyDrawn: boolean;
  classes: GraphClasses;
}) {
  const { node, anyDrawn, classes } = props;
  const corner = boxCorner(node);
  const lines = groupLines(node, anyDrawn);
  const stacked = [6, 3, 0];
  return (
    <g
      role="img"
      aria-label={`${lines[0]} (grouped): ${lines.slice(1).join(', ')}`}
      data-group="true"
    >
      {stacked.map(offset => (
        <rect
          key={offset}
          className={classes.groupBox}
          x={corner.x + offset}
          y={corner.y + offset}
          width={NODE_SIZE.width}
          height={NODE_SIZE.height}
          rx={6}
        />
      ))}
      <BoxLines x={node.x} y={node.y} lines={lines} classes={classes} />
    </g>
  );
}
