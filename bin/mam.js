#!/usr/bin/env node
// The `mam` command. The TypeScript sources are compiled to build/ by `npm ci` (the `prepare` script).
"use strict";
require("../build/cli/main.js").runFromProcess();
