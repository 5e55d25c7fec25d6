/** The warnings listed by rule with their cells, and the one acknowledgement export needs. */
import * as React from "react";
import { Body1, Card, Checkbox, makeStyles, Text, tokens } from "@fluentui/react-components";
import type { Finding } from "../../domain/types";
import { plural, ruleTitle } from "../findingsView";
import { ackLabel } from "../hooks/useExport";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
});

export interface WarningsAckProps {
  findings: readonly Finding[];
  count: number;
  accepted: boolean;
  onAcceptedChange: (on: boolean) => void;
}

export const WarningsAck: React.FC<WarningsAckProps> = ({
  findings,
  count,
  accepted,
  onAcceptedChange,
}) => {
  const styles = useStyles();
  const groups = React.useMemo(() => {
    const byCode = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.severity !== "warning") continue;
      const list = byCode.get(f.code);
      if (list) list.push(f);
      else byCode.set(f.code, [f]);
    }
    return [...byCode.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  }, [findings]);
  const n = (x: number) => x.toLocaleString("en-GB");
  return (
    <Card data-testid="warnings-ack">
      <Text weight="semibold">{plural(count, "warning")} to acknowledge once</Text>
      <ul className={styles.list}>
        {groups.map(([code, list]) => (
          <li key={code}>
            <Body1>
              <Text weight="semibold">{code}</Text> {ruleTitle(code)} × {n(list.length)}:{" "}
              <span className={styles.mono}>
                {list
                  .slice(0, 8)
                  .map((f) => f.cell)
                  .join(", ")}
                {list.length > 8 ? ` and ${n(list.length - 8)} more` : ""}
              </span>
            </Body1>
          </li>
        ))}
      </ul>
      <Checkbox
        checked={accepted}
        onChange={(_, d) => onAcceptedChange(d.checked === true)}
        label={ackLabel(count)}
      />
    </Card>
  );
};
