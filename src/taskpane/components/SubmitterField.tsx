/**
 * The submitting supplier's EUID. It is judged once the user leaves the field (or tries to
 * export), not while the first characters are typed; after that it is re-judged as it changes.
 * The placeholder shows the pattern, not a value that could be mistaken for one.
 */
import * as React from "react";
import { Field, Input } from "@fluentui/react-components";

export const EUID_PLACEHOLDER = "XX-XX-XX-XX-XX-XX-XX-XX (16 hex digits)";

export interface SubmitterFieldProps {
  text: string;
  /** Why the text is not a usable EUID, or null. */
  problem: string | null;
  /** Show the verdict even before the field was left (an export was tried). */
  judged: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
  onType: (text: string) => void;
  onLeave: () => void;
}

export const SubmitterField: React.FC<SubmitterFieldProps> = ({ inputRef, ...props }) => {
  const [left, setLeft] = React.useState(props.text !== "");
  const show = left || props.judged;
  return (
    <Field
      label="Submitting supplier EUID (your DCC User ID)"
      required
      validationState={!show ? "none" : props.problem ? "error" : "success"}
      validationMessage={!show ? undefined : (props.problem ?? "Valid DCC User ID.")}
      hint={show ? undefined : "8 pairs of hex digits, as in your DCC User ID letter."}
    >
      <Input
        ref={inputRef}
        value={props.text}
        onChange={(_, d) => props.onType(d.value)}
        onBlur={() => {
          setLeft(true);
          props.onLeave();
        }}
        placeholder={EUID_PLACEHOLDER}
        spellCheck={false}
        autoComplete="off"
      />
    </Field>
  );
};
