/** What the About box says. The MAM version comes from the data file, in this one place. */
import { catalogue } from "../domain/catalogue";

/** The MAM version the rules implement ("2.1b", the consultation draft of December 2020). */
export const MAM_VERSION: string =
  (catalogue as { mam?: { version?: string } }).mam?.version ?? "2.1b";

export const PROFILE_NAME: string = catalogue.profile.name;
