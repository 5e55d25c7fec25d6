/**
 * The overflow menu: what a user needs now and then, out of the way of the findings. Re-check
 * (some edits raise no event), the live-checking and highlighting switches, sharing with the
 * helpdesk, and About. `extra` is where other tools (the self-test) add their items.
 */
import * as React from "react";
import {
  Button,
  Menu,
  MenuDivider,
  MenuItem,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  type MenuProps,
} from "@fluentui/react-components";
import {
  ArrowClockwise20Regular,
  Copy20Regular,
  Info20Regular,
  MoreVertical20Regular,
  TableAdd20Regular,
  TextBulletListSquare20Regular,
} from "@fluentui/react-icons";
import { plural } from "../findingsView";

export interface PaneMenuProps {
  live: boolean;
  highlighting: boolean;
  /** Findings shown now (what "Copy all findings" copies). */
  shown: number;
  /** False until a sheet is checked: the sharing items wait for it. */
  checked: boolean;
  onRecheck: () => void;
  onLiveChange: (on: boolean) => void;
  onHighlightingChange: (on: boolean) => void;
  onCopySummary: () => void;
  onCopyFindings: () => void;
  onWriteSheet: () => void;
  onAbout: () => void;
  /** More items (MenuItem elements), shown above About. */
  extra?: React.ReactNode;
}

export const PaneMenu: React.FC<PaneMenuProps> = (props) => {
  const checkedValues = {
    switches: [...(props.live ? ["live"] : []), ...(props.highlighting ? ["highlight"] : [])],
  };
  const onChecked: MenuProps["onCheckedValueChange"] = (_, d) => {
    const on = new Set(d.checkedItems);
    if (on.has("live") !== props.live) props.onLiveChange(on.has("live"));
    if (on.has("highlight") !== props.highlighting) props.onHighlightingChange(on.has("highlight"));
  };
  return (
    <Menu checkedValues={checkedValues} onCheckedValueChange={onChecked}>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<MoreVertical20Regular />} aria-label="More actions" />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem icon={<ArrowClockwise20Regular />} onClick={props.onRecheck}>
            Re-check workbook
          </MenuItem>
          <MenuItemCheckbox name="switches" value="live">
            Live checking (as you type)
          </MenuItemCheckbox>
          <MenuItemCheckbox name="switches" value="highlight">
            Highlight cells in the sheet
          </MenuItemCheckbox>
          <MenuDivider />
          <MenuItem
            icon={<Copy20Regular />}
            disabled={!props.checked}
            onClick={props.onCopySummary}
          >
            Copy summary for the helpdesk
          </MenuItem>
          <MenuItem
            icon={<TextBulletListSquare20Regular />}
            disabled={!props.checked}
            onClick={props.onCopyFindings}
          >
            Copy all findings ({plural(props.shown, "finding")})
          </MenuItem>
          <MenuItem
            icon={<TableAdd20Regular />}
            disabled={!props.checked}
            onClick={props.onWriteSheet}
          >
            Write findings to a new sheet
          </MenuItem>
          <MenuDivider />
          {props.extra}
          <MenuItem icon={<Info20Regular />} onClick={props.onAbout}>
            About MAM Workbench
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
};
