import { Command } from "commander";
import { flowJsonSchema } from "../flows/definition/json-schema.js";
import { builtInCatalog } from "../flows/catalog/built-in.js";
import { setUpFlows } from "../flows/flow-setup.js";

/** `firebreak flows schema|check|actions`: the flow format for editors, a lint for a flows folder, the action catalog. */
export function flowsCommand(): Command {
  const flows = new Command("flows").description("work with flow files");

  flows
    .command("schema")
    .description("print the JSON Schema of a flow file (point your editor's YAML plugin at it)")
    .action(() => {
      process.stdout.write(JSON.stringify(flowJsonSchema(), null, 2) + "\n");
    });

  flows
    .command("check")
    .description("validate a flows folder (and a policy file) the way `serve` loads them; exit 1 on any error")
    .option("--flows-dir <dir>", "the flows folder", "flows")
    .option("--policy <file>", "an approval policy file")
    .action((opts: { flowsDir: string; policy?: string }) => {
      const setup = setUpFlows({ flowsDir: opts.flowsDir, policyFile: opts.policy });
      if (!setup.ok) {
        for (const e of setup.errors) process.stderr.write(`${e}\n`);
        process.stderr.write(`${setup.errors.length} problem(s)\n`);
        process.exit(1);
      }
      for (const f of setup.engine.flows) process.stdout.write(`ok  ${f.id} v${f.version} — on ${f.trigger.events.join(", ")}: ${f.description}\n`);
      process.stdout.write(`${setup.engine.flows.length} flow(s) valid\n`);
    });

  flows
    .command("actions")
    .description("list the action catalog: ids, categories, approval, input schemas (JSON)")
    .action(() => {
      process.stdout.write(JSON.stringify(builtInCatalog().describe(), null, 2) + "\n");
    });

  return flows;
}
