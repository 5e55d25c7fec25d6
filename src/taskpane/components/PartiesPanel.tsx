/**
 * "Parties": each party (told by the party octets of its EUIDs) with the EUIDs it uses, roles and
 * rows; the submitter's party marked; the party rules flagged (MAM-311 same party with different
 * EUIDs on one row, MAM-312 submitter not a Responsible Supplier, MAM-313 same party as the
 * submitter with another EUID), each with a button that filters the findings to it.
 */
import * as React from "react";
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { describeRowList, plural, ruleTitle } from "../findingsView";
import { PARTY_CODES, PARTY_OCTETS_NOTE, type PartiesView, type PartyCode } from "../partiesView";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    overflowY: "auto",
    flexGrow: 1,
    // Cards keep their height; the panel scrolls.
    "> *": { flexShrink: 0 },
  },
  flags: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  flag: {
    display: "grid",
    gridTemplateColumns: "auto 1fr auto",
    alignItems: "start",
    columnGap: tokens.spacingHorizontalS,
  },
  flagIcon: { paddingTop: "2px" },
  grow: { flexGrow: 1 },
  euids: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  euid: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  line: {
    display: "flex",
    alignItems: "center",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  secondary: { color: tokens.colorNeutralForeground2 },
});

/** Badge colours by severity (the severities themselves are the catalogue's: view.severity). */
const badgeColor = { error: "danger", warning: "warning", info: "informative" } as const;
const codeExplanation: Record<PartyCode, string> = {
  "MAM-311": "same party, different EUIDs on one row",
  "MAM-312": "the submitter is not a Responsible Supplier on the row",
  "MAM-313": "same party as the submitter, other EUID",
};
const roleText = { import: "Import Supplier", gas: "Gas Supplier" } as const;
const roleOrder = ["import", "gas"] as const;

export interface PartiesPanelProps {
  view: PartiesView;
  /** The submitting EUID when it is valid, else null (then no party can be marked as the submitter's). */
  submitter: string | null;
  /** Shows the findings of one party rule in the Findings tab. */
  onShowCode: (code: string) => void;
}

export const PartiesPanel: React.FC<PartiesPanelProps> = ({ view, submitter, onShowCode }) => {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid="parties-panel">
      <Subtitle2 as="h2" id="panel-heading-parties" tabIndex={-1}>
        Supplier parties
      </Subtitle2>
      <Caption1 className={styles.secondary}>{PARTY_OCTETS_NOTE}</Caption1>
      {submitter === null && (
        <MessageBar intent="info" aria-labelledby="parties-no-euid">
          <MessageBarBody id="parties-no-euid">
            Enter the submitting EUID (Export tab) to mark your own party and check MAM-312 and
            MAM-313.
          </MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.flags} aria-label="Party rules">
        {PARTY_CODES.map((code) => {
          const n = view.totals[code];
          return (
            <li key={code} className={styles.flag} data-testid={`party-flag-${code}`}>
              <span className={styles.flagIcon}>
                <SeverityIcon severity={view.severity[code]} label={view.severity[code]} />
              </span>
              <Text>
                <Text weight="semibold">{code}</Text> {ruleTitle(code)} ({codeExplanation[code]}):{" "}
                {plural(n, "finding")}
              </Text>
              {n > 0 && (
                <Button
                  size="small"
                  onClick={() => onShowCode(code)}
                  aria-label={`Show the ${plural(n, "finding")} with ${code}`}
                >
                  Show
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {view.parties.length === 0 ? (
        <Body1>No supplier EUIDs found on the sheet yet.</Body1>
      ) : (
        view.parties.map((p) => (
          <Card
            key={p.party}
            data-testid={`party-${p.party}`}
            aria-label={`${p.label}${p.isSubmitter ? ", your party (submitter)" : ""}`}
            role="group"
          >
            <CardHeader
              header={
                <div className={styles.line}>
                  <Text weight="semibold" className={styles.mono}>
                    {p.label}
                  </Text>
                  {p.isSubmitter && (
                    <Badge appearance="filled" color="brand">
                      Your party (submitter)
                    </Badge>
                  )}
                  {p.duplicate311 > 0 && (
                    <Badge
                      appearance="tint"
                      color={badgeColor[view.severity["MAM-311"]]}
                      icon={<SeverityIcon severity={view.severity["MAM-311"]} />}
                    >
                      MAM-311 on {plural(p.duplicate311, "row")}
                    </Badge>
                  )}
                  {p.notResponsible312 > 0 && (
                    <Badge
                      appearance="tint"
                      color={badgeColor[view.severity["MAM-312"]]}
                      icon={<SeverityIcon severity={view.severity["MAM-312"]} />}
                    >
                      MAM-312 on {plural(p.notResponsible312, "row")}
                    </Badge>
                  )}
                  {p.sameParty313 > 0 && (
                    <Badge
                      appearance="tint"
                      color={badgeColor[view.severity["MAM-313"]]}
                      icon={<SeverityIcon severity={view.severity["MAM-313"]} />}
                    >
                      MAM-313 on {plural(p.sameParty313, "row")}
                    </Badge>
                  )}
                </div>
              }
              description={<Caption1>{plural(p.euids.length, "EUID")}</Caption1>}
            />
            <ul className={styles.euids}>
              {p.euids.map((e) => (
                <li key={e.euid} className={styles.euid}>
                  <div className={styles.line}>
                    <Text className={styles.mono}>{e.euid}</Text>
                    {e.isSubmitterEuid && (
                      <Badge appearance="outline" color="brand" size="small">
                        Submitting EUID
                      </Badge>
                    )}
                    {e.sameParty313 > 0 && (
                      <Badge
                        appearance="outline"
                        color={badgeColor[view.severity["MAM-313"]]}
                        size="small"
                      >
                        MAM-313 · {plural(e.sameParty313, "row")}
                      </Badge>
                    )}
                  </div>
                  <Caption1 className={styles.secondary}>
                    {roleOrder
                      .filter((r) => e.roles.includes(r))
                      .map((r) => roleText[r])
                      .join(" and ")}{" "}
                    · {describeRowList(e.rows)}
                  </Caption1>
                </li>
              ))}
            </ul>
          </Card>
        ))
      )}
    </div>
  );
};
