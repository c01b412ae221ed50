#!/usr/bin/env bash
# Signs a webhook payload and posts it: examples/webhooks/post.sh crm examples/webhooks/crm.sale.closed.json
# The secret is HOOK_SECRET_<SOURCE>, or in development the one the server keeps in .data/hook-secret-<source>.
set -euo pipefail
source_name=${1:?usage: post.sh crm|erp|lms|oa payload.json}
payload=${2:?usage: post.sh crm|erp|lms|oa payload.json}
url=${TRACKRECORD_URL:-http://localhost:4000}
variable="HOOK_SECRET_$(echo "$source_name" | tr '[:lower:]' '[:upper:]')"
secret=${!variable:-$(cat "${TRACKRECORD_DATA_DIR:-.data}/hook-secret-$source_name")}
timestamp=$(date +%s)
signature=$( (printf '%s.' "$timestamp"; cat "$payload") | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')
curl -sS -X POST "$url/hooks/$source_name" \
  -H 'content-type: application/json' \
  -H "x-trackrecord-timestamp: $timestamp" \
  -H "x-trackrecord-signature: sha256=$signature" \
  --data-binary "@$payload"
echo
