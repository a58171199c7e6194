/** The name of a queue or topic from its URL (`…/000000000000/orders`) or ARN (`arn:aws:sqs:…:orders`). */
export function destinationName(urlOrArn: string | undefined): string | undefined {
  if (urlOrArn === undefined || urlOrArn === '') return undefined;
  if (urlOrArn.startsWith('arn:')) return urlOrArn.slice(urlOrArn.lastIndexOf(':') + 1) || undefined;
  const path = urlOrArn.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1) || undefined;
}
