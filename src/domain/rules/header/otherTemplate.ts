/**
 * MAM-006: the header row is plainly another DCC template's (a Dormant Meter Migration Schedule
 * Notification, with MPxN and Scheduled Migration Date): one finding saying which, rather than a
 * missing-column error for every MA column. The templates and their headers are data.
 */
import { headerRule } from "../rule";

export const otherTemplate = headerRule({
  name: "otherTemplate",
  stage: "header",
  codes: ["MAM-006"],
  check(header, report) {
    const other = header.otherTemplate;
    if (other === null) return;
    report({
      code: "MAM-006",
      sheetColumn: -1,
      column: other.template.name,
      columnKey: null,
      params: {
        template: other.template.name,
        headers: other.found.map((h) => `"${h}"`).join(", "),
        profile: `profile ${header.profileId}`,
        file: header.profileTemplate,
      },
    });
  },
});
