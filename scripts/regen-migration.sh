#!/usr/bin/env bash
# Development helper: drop the newest generated migration and generate it again from the schema.
# Only for migrations that have not landed on main yet.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=packages/server/drizzle
tag=${1:?usage: regen-migration.sh <tag> e.g. 0001_foundation}
name=${tag#*_}
rm -f "$dir/$tag.sql" "$dir/meta/${tag%%_*}_snapshot.json"
node -e "
const fs=require('fs');const p='$dir/meta/_journal.json';const j=JSON.parse(fs.readFileSync(p));
j.entries=j.entries.filter(e=>e.tag!=='$tag');fs.writeFileSync(p,JSON.stringify(j,null,2)+'\n');"
npx drizzle-kit generate --config packages/server/drizzle.config.ts --name "$name" 2>&1 | grep -v nodedir | tail -1
