#!/usr/bin/env bash
# Walks the sandbox's example app with an unmodified AWS CLI v2 (Debian's awscli; call /usr/bin/aws).
# Start the sandbox first:  ./cutover sandbox --env-file .cutover/sandbox.env
# Then:                     sandbox/scripts/try-with-aws-cli.sh .cutover/sandbox.env
set -euo pipefail
ENV_FILE="${1:-.cutover/sandbox.env}"
set -a; . "$ENV_FILE"; set +a
AWS=${AWS:-/usr/bin/aws}
E=(--endpoint-url "$AWS_ENDPOINT_URL" --region "$AWS_REGION" --output json)
step() { printf '\n$ %s\n' "$*"; }

step "new account root: who am I"
"$AWS" "${E[@]}" sts get-caller-identity

step "assume the legacy role without the ExternalId (refused)"
"$AWS" "${E[@]}" sts assume-role --role-arn "$CUTOVER_LEGACY_ROLE_ARN" --role-session-name cli 2>&1 || true

step "assume the legacy role with the ExternalId"
CREDS=$("$AWS" "${E[@]}" sts assume-role --role-arn "$CUTOVER_LEGACY_ROLE_ARN" --role-session-name cli \
  --external-id "$CUTOVER_EXTERNAL_ID" --query Credentials --output text)
read -r AK EXP SK TOKEN <<< "$CREDS"
export AWS_ACCESS_KEY_ID=$AK AWS_SECRET_ACCESS_KEY=$SK AWS_SESSION_TOKEN=$TOKEN
echo "session expires $EXP"
"$AWS" "${E[@]}" sts get-caller-identity

step "allowed: GetItem on the legacy table"
"$AWS" "${E[@]}" dynamodb get-item --table-name legacy-shop-items --key '{"id":{"S":"item-000042"}}'

step "allowed: Query on the byOwner index"
"$AWS" "${E[@]}" dynamodb query --table-name legacy-shop-items --index-name byOwner \
  --key-condition-expression '#o = :o' --expression-attribute-names '{"#o":"owner"}' --expression-attribute-values '{":o":{"S":"owner-07"}}' --select COUNT

step "denied: PutItem (not in the role's policy)"
"$AWS" "${E[@]}" dynamodb put-item --table-name legacy-shop-items --item '{"id":{"S":"x"}}' 2>&1 || true

step "denied: GetQueueUrl (least privilege: the router builds queue URLs itself)"
"$AWS" "${E[@]}" sqs get-queue-url --queue-name legacy-shop-orders.fifo 2>&1 || true

step "allowed: SendMessage to the legacy FIFO queue"
"$AWS" "${E[@]}" sqs send-message --queue-url "$AWS_ENDPOINT_URL/$CUTOVER_LEGACY_ACCOUNT/legacy-shop-orders.fifo" \
  --message-body '{"customerId":"c-1","sku":"item-000042"}' --message-group-id c-1 --message-deduplication-id demo-1

step "allowed: GetParameter"
"$AWS" "${E[@]}" ssm get-parameter --name /legacy/shop/db/url

step "allowed: GetParameter of a SecureString with decryption (kms:Decrypt via SSM; value not printed)"
"$AWS" "${E[@]}" ssm get-parameter --name /legacy/shop/db/password --with-decryption \
  --query '{Name: Parameter.Name, Type: Parameter.Type, Version: Parameter.Version, ValueLength: length(Parameter.Value)}'

step "denied: PutParameter"
"$AWS" "${E[@]}" ssm put-parameter --name /legacy/shop/x --value y --type String 2>&1 || true

step "new account root again: the flags profile"
unset AWS_SESSION_TOKEN
set -a; . "$ENV_FILE"; set +a
"$AWS" "${E[@]}" appconfig list-applications
