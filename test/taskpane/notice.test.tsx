/** @jest-environment jsdom */
import "./setup";
import { act, renderHook } from "@testing-library/react";
import type { Notice } from "../../src/app/workbench";
import { NOTICE_MS, useNotice } from "../../src/taskpane/hooks/useNotice";

afterEach(() => jest.useRealTimers());

test("news goes after a while; a lasting condition (warning) and a failure stay until dismissed", () => {
  jest.useFakeTimers();
  const dismiss = jest.fn();
  const { result, rerender } = renderHook(
    ({ notice }: { notice: Notice }) => useNotice(notice, "findings", dismiss),
    { initialProps: { notice: { id: 1, kind: "info", text: "Fixed 3 cells." } } }
  );
  act(() => jest.advanceTimersByTime(NOTICE_MS));
  expect(dismiss).toHaveBeenCalledWith(1);
  dismiss.mockClear();
  const lasting: Notice[] = [
    { id: 2, kind: "warning", text: '"MA" is protected, so the add-in fixes nothing in it.' },
    { id: 3, kind: "error", text: "The workbook could not be read." },
  ];
  for (const notice of lasting) {
    rerender({ notice });
    act(() => jest.advanceTimersByTime(NOTICE_MS * 10));
    expect(result.current).toBe(notice);
  }
  expect(dismiss).not.toHaveBeenCalled();
});
