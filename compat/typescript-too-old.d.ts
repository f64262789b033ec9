// What TypeScript older than 5.4 sees instead of shapeproof's declarations (package.json `exports`: "types@<5.4").
// shapeproof's shape types need TypeScript 5.4 or newer (NoInfer, const type parameters); an older compiler would
// silently read them as `any` and check no shape at all. So it sees this one export instead, and every import of
// a real name is an error naming this file. Upgrade: npm install -D typescript@latest (docs/typescript.md).
export declare const shapeproofNeedsTypeScript5_4OrNewer: "shapeproof's types need TypeScript 5.4 or newer";
