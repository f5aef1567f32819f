import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';

cytoscape.use(dagre);

export interface GraphNode { id: string; label: string; focus?: boolean; missing?: boolean }
export interface GraphEdge { parent: string; child: string; relation: string; confidence?: number; basis?: string }

const COLORS: Record<string, string> = { finetune: '#2563eb', adapter: '#9333ea', quantized: '#0d9488', merge: '#ea580c', distillation: '#ca8a04', version: '#64748b' };

/** Draws a lineage graph (parents above children) and calls `onSelect` with a node id on click. */
export function drawLineage(container: HTMLElement, nodes: GraphNode[], edges: GraphEdge[], onSelect: (id: string) => void): cytoscape.Core {
  const cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({ data: { id: n.id, label: n.label }, classes: [n.focus ? 'focus' : '', n.missing ? 'missing' : ''].join(' ') })),
      ...edges.map((e, i) => ({
        data: { id: `e${i}`, source: e.parent, target: e.child, label: `${e.relation}${e.confidence !== undefined ? ` ${(e.confidence * 100).toFixed(0)}%` : ''}`, color: COLORS[e.relation] ?? '#475569' },
        classes: e.basis === 'declared' ? 'declared' : 'detected',
      })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center', 'text-wrap': 'wrap', 'text-max-width': '150px', shape: 'round-rectangle', width: 170, height: 42, 'background-color': '#f1f5f9', 'border-width': 1, 'border-color': '#94a3b8' } },
      { selector: 'node.focus', style: { 'background-color': '#dbeafe', 'border-color': '#2563eb', 'border-width': 2 } },
      { selector: 'node.missing', style: { 'border-style': 'dashed', color: '#64748b' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 10, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', width: 2, 'text-background-color': '#fff', 'text-background-opacity': 1 } },
      { selector: 'edge.declared', style: { 'line-style': 'dashed' } },
    ],
    layout: { name: 'dagre', rankDir: 'TB', nodeSep: 30, rankSep: 60 } as cytoscape.LayoutOptions,
    wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node', (ev) => onSelect(ev.target.id() as string));
  return cy;
}
