import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".firebreak/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: "read the environment only in src/cli and src/config (config is validated once at boot)" },
      ],
    },
  },
  {
    files: ["src/cli/**", "test/**", "src/bench/**"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Tests read vendor fixtures as untyped JSON on purpose.
    files: ["test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
