/**
 * A finding explained in plain words: the problem, how to fix it, where the rule comes from (with
 * "verified" and "modelled" said plainly), and the group exception when the row has one.
 */
import * as React from "react";
import { Body1, Caption1, InfoLabel, makeStyles, tokens } from "@fluentui/react-components";
import type { Finding } from "../../domain/types";
import { GROUP_EXCEPTION_EXPLANATION, ruleClause, ruleTitle, severityNames } from "../findingsView";
import { basisText, GroupExceptionBadge } from "./Badges";

const useStyles = makeStyles({
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, overflowWrap: "anywhere" },
  line: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
  },
});

export const FindingExplanation: React.FC<{ finding: Finding; groupException: boolean }> = ({
  finding: f,
  groupException,
}) => {
  const styles = useStyles();
  return (
    <>
      <dl className={styles.dl}>
        <dt className={styles.dt}>Problem</dt>
        <dd className={styles.dd}>
          <Body1>{f.message}</Body1>
        </dd>
        <dt className={styles.dt}>How to fix</dt>
        <dd className={styles.dd}>
          <Body1>{f.hint}</Body1>
        </dd>
        {f.fixValue !== undefined && (
          <>
            <dt className={styles.dt}>Fix writes</dt>
            <dd className={styles.dd}>
              <Body1 className={styles.mono}>{f.fixValue}</Body1>
            </dd>
          </>
        )}
        <dt className={styles.dt}>Rule</dt>
        <dd className={styles.dd}>
          <Body1>
            {severityNames[f.severity].word}: {f.code} {ruleTitle(f.code)}
          </Body1>
        </dd>
        <dt className={styles.dt}>Cell</dt>
        <dd className={styles.dd}>
          <Body1>
            {f.cell} ({f.column}, {f.row === 1 ? "header row" : `row ${f.row}`})
          </Body1>
        </dd>
        <dt className={styles.dt}>
          <InfoLabel
            size="small"
            info="The part of the Migration Authorisation Methodology (MAM) or standard the rule comes from."
          >
            Source
          </InfoLabel>
        </dt>
        <dd className={styles.dd}>
          <Body1>{ruleClause(f.code)}</Body1>{" "}
          <InfoLabel size="small" info={basisText[f.basis]}>
            <Caption1>
              {f.basis === "verified" ? "from a published standard" : "our reading of the MAM"}
            </Caption1>
          </InfoLabel>
        </dd>
      </dl>
      {groupException && (
        <div className={styles.line}>
          <GroupExceptionBadge />
          <Caption1>{GROUP_EXCEPTION_EXPLANATION}</Caption1>
        </div>
      )}
    </>
  );
};
