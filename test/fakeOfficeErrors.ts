/** For the tests of the fake Excel: the Office error a promise rejects with. */
import { FakeOfficeError } from "./e2e/fakeExcel";

/** The error a promise rejects with (fails the test if it resolves, or rejects with anything else). */
export async function rejection(p: Promise<unknown>): Promise<FakeOfficeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FakeOfficeError);
    return e as FakeOfficeError;
  }
  throw new Error("expected the promise to reject");
}
