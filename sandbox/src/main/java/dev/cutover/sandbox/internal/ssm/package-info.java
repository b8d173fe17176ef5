/**
 * The sandbox's SSM Parameter Store stand-in (signing name "ssm", AWS JSON 1.1, {@code X-Amz-Target: AmazonSSM.<Op>}).
 *
 * <p>Operations: PutParameter, GetParameter, GetParameters, GetParametersByPath, DescribeParameters,
 * DeleteParameter, DeleteParameters, AddTagsToResource, RemoveTagsFromResource, ListTagsForResource. Each
 * account has its own store per region ({@link dev.cutover.sandbox.internal.ssm.ParameterStore}).
 *
 * <p>IAM: every operation authorises {@code ssm:<Op>} on {@code arn:aws:ssm:REGION:ACCOUNT:parameter/NAME}
 * (the leading slash of NAME dropped); GetParametersByPath on the path's ARN
 * ({@code .../parameter/legacy/app}); DescribeParameters on {@code arn:aws:ssm:REGION:ACCOUNT:*}; PutParameter
 * with Tags also {@code ssm:AddTagsToResource}.
 *
 * <p>SecureString: values are sealed with AES-GCM under an in-memory key per KMS key and never stored in
 * plaintext. Without WithDecryption the Value returned is the base64 ciphertext blob. PutParameter authorises
 * {@code kms:Encrypt}, WithDecryption authorises {@code kms:Decrypt}, both on the key ARN with the condition
 * keys {@code kms:ViaService = ssm.REGION.amazonaws.com} and
 * {@code kms:EncryptionContext:PARAMETER_ARN = <parameter ARN>}.
 *
 * <p>KMS key ids: the key behind an alias in an account has the id
 * {@code UUID.nameUUIDFromBytes("cutover-sandbox-kms|" + account + "|" + alias)}; its ARN is
 * {@code arn:aws:kms:REGION:ACCOUNT:key/<id>}. {@link dev.cutover.sandbox.internal.ssm.SandboxKmsKeys#defaultSsmKeyArn}
 * gives the ARN of the default key ({@code alias/aws/ssm}) for policies. Every account has {@code alias/aws/ssm}
 * and the configured customer aliases (default {@code alias/cutover}); any other alias or key is InvalidKeyId.
 *
 * <p>Options ({@link dev.cutover.sandbox.internal.ssm.SsmServiceFactory}): a per-account PutParameter rate
 * (calls per second, off by default) and the customer KMS aliases.
 *
 * <p>Not modelled: parameter labels (LabelParameterVersion; a label selector or Label filter matches nothing),
 * parameter policies (PutParameter with Policies is refused), GetParameterHistory, the 1011-character
 * ARN-inclusive name limit (names are limited to the API's 2048), shared parameters (DescribeParameters with
 * Shared returns none), and the asynchronous AMI existence check of aws:ec2:image (only the format is checked).
 */
package dev.cutover.sandbox.internal.ssm;
