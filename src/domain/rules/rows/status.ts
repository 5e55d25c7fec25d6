/**
 * MAM-331: Meter Status and SMSO ID agree. An Active installation is served by an SMSO (an SMSO ID,
 * not NONE); a Dormant one has no SMSO contract (blank or NONE).
 */
import { rowRule } from "../rule";

export const statusAndSmso = rowRule({
  name: "statusAndSmso",
  stage: "row",
  codes: ["MAM-331"],
  needs: ["meterStatus", "smsoId"],
  compile(setup) {
    const statusAt = setup.col("meterStatus");
    const smsoAt = setup.col("smsoId");
    const smsoBit = 1 << smsoAt;
    const { active, dormant } = setup.ids.meterStatuses;
    const none = setup.ids.smsoNone;
    return (row, report) => {
      if ((row.inSheet & smsoBit) === 0) return;
      const status = row.canon[statusAt];
      const smso = row.canon[smsoAt];
      if (status === active) {
        if ((row.filled & smsoBit) === 0)
          report(smsoAt, "MAM-331", {
            detail: `This row is ${active} but has no SMSO ID; an ${active} meter is served by an SMSO`,
          });
        else if (smso === none)
          report(smsoAt, "MAM-331", {
            detail: `This row is ${active} but its SMSO ID is ${none}; an ${active} meter is served by an SMSO`,
          });
      } else if (status === dormant && smso !== null && smso !== none) {
        report(smsoAt, "MAM-331", {
          detail: `This row is ${dormant} but names SMSO ${smso}; a ${dormant} meter has no SMSO contract (leave it blank or write ${none})`,
        });
      }
    };
  },
});
