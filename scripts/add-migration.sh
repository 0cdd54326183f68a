#!/usr/bin/env bash
# Adds an EF Core migration to one module's DbContext, once per database (SQLite and PostgreSQL each have their own
# migrations: Data/Migrations/Sqlite and Data/Migrations/PostgreSql of the module). Review both, then commit them.
#   scripts/add-migration.sh jobs|identity|rag MigrationName
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "usage: $0 jobs|identity|rag MigrationName" >&2
  exit 2
fi
case "$1" in
  jobs) project=App.Jobs; context=JobsDbContext ;;
  identity) project=App.Identity; context=IdentityDbContext ;;
  rag) project=App.KnowledgeBase; context=RagDbContext ;;
  *) echo "unknown module '$1' (jobs, identity or rag)" >&2; exit 2 ;;
esac

dotnet tool restore >/dev/null
dotnet build "$project" -nologo -clp:ErrorsOnly
for provider in Sqlite PostgreSql; do
  dir="$project/Data/Migrations/$provider"
  dotnet ef migrations add "$2" --project "$project" --context "$context" --output-dir "Data/Migrations/$provider" --no-build \
    -- --provider "$provider"
  # A context's first migration: EF names the snapshot after the context alone and finds it again by file name anywhere
  # in the project, so the two providers' snapshots would overwrite each other. Once renamed, EF keeps the new name.
  if [ -f "$dir/${context}ModelSnapshot.cs" ]; then
    sed -i "s/partial class ${context}ModelSnapshot\b/partial class ${context}${provider}ModelSnapshot/" "$dir/${context}ModelSnapshot.cs"
    mv "$dir/${context}ModelSnapshot.cs" "$dir/${context}${provider}ModelSnapshot.cs"
  fi
done
