// The AWS services and usage types a question can name, whether or not the account spends
// on them: a service the dataset lacks gets an honest "no spend" answer, not a guess.
// Names are product names ("Amazon EC2"); Cost Explorer's own SERVICE values ("Amazon
// Elastic Compute Cloud - Compute") go where a filter needs them, in CLI commands.

/** Something a question can name: a service, or a usage type billed under services. */
export interface CatalogueEntry {
  /** The product's name, as people write it: "Amazon EC2". */
  name: string;
  /** Cost Explorer's SERVICE dimension value, where it differs from the name. */
  billingName?: string;
  /** For charts and headings: "EC2". */
  short: string;
  /** Matched against the question in lower case; misspellings and nicknames included. */
  pattern: RegExp;
  /** A usage type: the services and usage types of the dataset it is billed under. */
  usageOf?: ReadonlyArray<readonly [service: string, usageType: string]>;
}

export const EC2 = 'Amazon EC2';
export const RDS = 'Amazon RDS';
export const S3 = 'Amazon S3';
export const EKS = 'Amazon EKS';
export const CLOUDFRONT = 'Amazon CloudFront';
export const DYNAMODB = 'Amazon DynamoDB';
export const LAMBDA = 'AWS Lambda';
export const CLOUDWATCH = 'Amazon CloudWatch';

const entry = (
  short: string,
  name: string,
  pattern: RegExp,
  usageOf?: CatalogueEntry['usageOf'],
): CatalogueEntry => ({ short, name, pattern, ...(usageOf ? { usageOf } : {}) });

const billed = (billingName: string, e: CatalogueEntry): CatalogueEntry => ({ ...e, billingName });

// Usage types come first: "NAT gateway" must not read as a service of its own word "gateway".
export const CATALOGUE: readonly CatalogueEntry[] = [
  entry('NAT Gateway', 'NAT Gateway', /\bnat(?: ?gateways?| gw)?\b/, [[EC2, 'NAT gateway']]),
  entry('EBS', 'Amazon Elastic Block Store', /\bebs\b|elastic block/, [[EC2, 'EBS volumes']]),
  entry('Fargate', 'AWS Fargate', /\bfar ?gate\b/, [
    [EKS, 'Fargate vCPU'],
    [EKS, 'Fargate memory'],
  ]),
  entry('Data transfer', 'Data transfer', /\bdata ?transfer|\begress\b|bandwidth/, [
    [EC2, 'Data transfer out'],
    [S3, 'Data transfer out'],
    [CLOUDFRONT, 'Data transfer out'],
  ]),
  entry('Glacier', 'Amazon S3 Glacier', /\bglacier\b/, [[S3, 'Glacier Instant Retrieval']]),
  billed(
    'Amazon Elastic Compute Cloud - Compute',
    entry('EC2', EC2, /\bec ?-?2\b|elastic compute|\bvms?\b|\binstances?\b|\bcompute\b/),
  ),
  billed(
    'Amazon Relational Database Service',
    entry('RDS', RDS, /\brds\b|aurora|postgres|mysql|maria ?db|relational database|\bdatabases?\b/),
  ),
  billed(
    'Amazon Simple Storage Service',
    entry('S3', S3, /\bs ?-?3\b|simple storage|object storage|\bbuckets?\b/),
  ),
  billed(
    'Amazon Elastic Container Service for Kubernetes',
    entry('EKS', EKS, /\beks\b|kubernetes|\bk8s\b/),
  ),
  entry('ECS', 'Amazon Elastic Container Service', /\becs\b|elastic container service/),
  entry('ECR', 'Amazon EC2 Container Registry (ECR)', /\becr\b|container registry/),
  entry('CloudFront', CLOUDFRONT, /cloud ?front|\bcdn\b/),
  entry('DynamoDB', DYNAMODB, /dyn[ao]mo/),
  entry('Lambda', LAMBDA, /\blam(?:bd|b|d)a\b|serverless/),
  billed('AmazonCloudWatch', entry('CloudWatch', CLOUDWATCH, /cloud ?watch|\blogs\b|monitoring/)),
  entry('CloudTrail', 'AWS CloudTrail', /cloud ?trail/),
  entry('Redshift', 'Amazon Redshift', /red ?shift/),
  entry('SageMaker', 'Amazon SageMaker', /sage ?maker/),
  entry('Bedrock', 'Amazon Bedrock', /\bbedrock\b/),
  entry('Athena', 'Amazon Athena', /\bathena\b/),
  entry('Glue', 'AWS Glue', /\bglue\b/),
  entry('EMR', 'Amazon Elastic MapReduce', /\bemr\b|elastic map ?reduce/),
  entry('Kinesis', 'Amazon Kinesis', /\bkin[ei]sis\b/),
  entry('MSK', 'Amazon Managed Streaming for Apache Kafka', /\bmsk\b|kafka/),
  entry('OpenSearch', 'Amazon OpenSearch Service', /open ?search|elastic ?search/),
  entry('ElastiCache', 'Amazon ElastiCache', /elast?i ?cache|\bredis\b|memcached/),
  entry('DocumentDB', 'Amazon DocumentDB (with MongoDB compatibility)', /document ?db|\bdocdb\b/),
  entry('Neptune', 'Amazon Neptune', /\bneptune\b/),
  entry('Route 53', 'Amazon Route 53', /route ?53|\bdns\b/),
  entry('API Gateway', 'Amazon API Gateway', /\bapi ?gateway\b|\bapigw\b/),
  entry('SQS', 'Amazon Simple Queue Service', /\bsqs\b|simple queue/),
  entry('SNS', 'Amazon Simple Notification Service', /\bsns\b|simple notification/),
  entry('Step Functions', 'AWS Step Functions', /step ?functions?/),
  entry('EventBridge', 'Amazon EventBridge', /event ?bridge/),
  entry('EFS', 'Amazon Elastic File System', /\befs\b|elastic file system/),
  entry('ELB', 'Elastic Load Balancing', /\belb\b|\balb\b|\bnlb\b|load ?balanc/),
  entry('VPC', 'Amazon Virtual Private Cloud', /\bvpc\b|transit gateway|private ?link/),
  entry('WAF', 'AWS WAF', /\bwaf\b|web application firewall/),
  entry('GuardDuty', 'Amazon GuardDuty', /guard ?duty/),
  entry('KMS', 'AWS Key Management Service', /\bkms\b|key management/),
  entry('Secrets Manager', 'AWS Secrets Manager', /secrets? ?manager/),
  entry('Backup', 'AWS Backup', /\baws backup\b/),
  entry('Config', 'AWS Config', /\baws config\b/),
  entry('QuickSight', 'Amazon QuickSight', /quick ?sight/),
  entry('Cognito', 'Amazon Cognito', /\bcognito\b/),
  entry('Amplify', 'AWS Amplify', /\bamplify\b/),
  entry('Lightsail', 'Amazon Lightsail', /light ?sail/),
  entry('Direct Connect', 'AWS Direct Connect', /direct ?connect/),
  entry('Transcribe', 'Amazon Transcribe', /\btranscribe\b/),
  entry('Rekognition', 'Amazon Rekognition', /recogn?ition|rekognition/),
  entry('Textract', 'Amazon Textract', /\btextract\b/),
];

/** The entries a text names, in the order it names them, each once. */
export function findNamed(lower: string): CatalogueEntry[] {
  let text = lower.replace(/\(\d[^)]*\)/g, '');
  const found: Array<{ index: number; entry: CatalogueEntry }> = [];
  for (const candidate of CATALOGUE) {
    const match = candidate.pattern.exec(text);
    if (!match) continue;
    found.push({ index: match.index, entry: candidate });
    // A usage type's words are not also a service's ("EBS volumes" is not "volumes").
    text =
      text.slice(0, match.index) +
      ' '.repeat(match[0].length) +
      text.slice(match.index + match[0].length);
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.entry);
}

export function byName(name: string): CatalogueEntry | undefined {
  return CATALOGUE.find((e) => e.name === name);
}

/** Cost Explorer's SERVICE value for a product name. */
export function billingName(name: string): string {
  return byName(name)?.billingName ?? name;
}

/** The short name of a service: "EC2" for "Amazon EC2". */
export function shortName(name: string): string {
  return byName(name)?.short ?? name.replace(/^(?:Amazon|AWS) ?/, '');
}
