// Validates SARIF files against the official SARIF 2.1.0 JSON schema
// (draft-04, shipped in @microsoft/jest-sarif) with ajv 6.
//   NODE_PATH=<dir>/node_modules node validate_sarif.js FILE...
// Prints every schema error; exits 1 when a file is invalid.
const fs = require("fs");
const Ajv = require("ajv");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const ajv = new Ajv({ schemaId: "auto", allErrors: true, jsonPointers: true });
ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
const validate = ajv.compile(schema);
let bad = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!validate(log)) {
    bad++;
    for (const e of validate.errors) {
      console.log(`${file}: ${e.dataPath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(bad ? 1 : 0);
