/** Small labelled badges: the group exception (with its explanation) and a rule's basis. */
import * as React from "react";
import { Badge, Tooltip } from "@fluentui/react-components";
import type { Basis } from "../../domain/types";
import { GROUP_EXCEPTION_EXPLANATION } from "../findingsView";

export const GroupExceptionBadge: React.FC = () => (
  <Tooltip content={GROUP_EXCEPTION_EXPLANATION} relationship="description" withArrow>
    <Badge
      appearance="tint"
      color="brand"
      shape="rounded"
      size="small"
      data-testid="group-exception"
    >
      Group exception
    </Badge>
  </Tooltip>
);

export const basisText: Record<Basis, string> = {
  verified: "Verified: the rule restates a published standard (MRA, UNC, SEC).",
  modelled: "Modelled: our reading of the MAM; DCC or a supplier can correct it in the rule data.",
};

export const BasisBadge: React.FC<{ basis: Basis }> = ({ basis }) => (
  <Badge
    appearance="outline"
    color={basis === "verified" ? "success" : "informative"}
    shape="rounded"
    size="small"
  >
    {basis}
  </Badge>
);
