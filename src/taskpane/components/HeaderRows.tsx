/**
 * The findings tree's header rows: a severity section ("Errors (26)"), a group (a rule or a sheet
 * row) and a search result heading ("Cell A25 (2)"). Their names are their visible text.
 */
import * as React from "react";
import { Badge, mergeClasses, Text } from "@fluentui/react-components";
import { ChevronDown16Regular, ChevronRight16Regular } from "@fluentui/react-icons";
import { severityNames } from "../findingsView";
import type { ListRow } from "../rowList";
import { SeverityIcon } from "./SeverityIcon";
import { useTreeStyles } from "./treeStyles";

/** What every tree row's root element carries (position, focus, ARIA tree attributes). */
export type RowProps = React.HTMLAttributes<HTMLDivElement> & {
  ref: (el: HTMLDivElement | null) => (() => void) | undefined;
  "data-index": number;
};

type Row<K extends ListRow["kind"]> = Extract<ListRow, { kind: K }>;
const n = (x: number) => x.toLocaleString("en-GB");

const Chevron: React.FC<{ open: boolean }> = ({ open }) =>
  open ? <ChevronDown16Regular aria-hidden /> : <ChevronRight16Regular aria-hidden />;

export const SectionRow: React.FC<{
  row: Row<"section">;
  rowProps: RowProps;
  onToggle: (key: string) => void;
}> = ({ row, rowProps, onToggle }) => {
  const styles = useTreeStyles();
  const { severity, count } = row.section;
  return (
    <div
      {...rowProps}
      aria-expanded={row.expanded}
      className={mergeClasses(styles.row, styles.section)}
      onClick={() => onToggle(row.key)}
      data-kind="section"
    >
      <Chevron open={row.expanded} />
      <SeverityIcon severity={severity} />
      <Text weight="semibold" className={styles.grow}>
        {severityNames[severity].heading} ({n(count)})
      </Text>
    </div>
  );
};

export const GroupRow: React.FC<{
  row: Row<"group">;
  rowProps: RowProps;
  exception: boolean;
  onToggle: (key: string) => void;
}> = ({ row, rowProps, exception, onToggle }) => {
  const styles = useTreeStyles();
  const g = row.group;
  return (
    <div
      {...rowProps}
      aria-expanded={row.expanded}
      className={mergeClasses(styles.row, styles.group)}
      onClick={() => onToggle(row.key)}
      data-kind="group"
    >
      <Chevron open={row.expanded} />
      <Text size={200} className={styles.grow}>
        {g.label} ({n(g.findings.length)})
      </Text>
      {exception && (
        <Badge appearance="tint" color="brand" shape="rounded" size="small">
          Group exception
        </Badge>
      )}
    </div>
  );
};

export const HeadingRow: React.FC<{ row: Row<"heading">; rowProps: RowProps }> = ({
  row,
  rowProps,
}) => {
  const styles = useTreeStyles();
  return (
    <div {...rowProps} className={mergeClasses(styles.row, styles.section)} data-kind="heading">
      <Text weight="semibold" className={styles.grow}>
        {row.label} ({n(row.count)})
      </Text>
    </div>
  );
};
