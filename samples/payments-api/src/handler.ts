import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";

/** What a caller gets: who answered (the version the alias routed to) and the current notice. */
export interface Reply {
  statusCode: number;
  body: string;
}

type Send = (command: GetParameterCommand) => Promise<{ Parameter?: { Value?: string } }>;

/**
 * Builds the handler around an SSM client (SDK v3), so tests can pass their own. The notice
 * comes from Parameter Store, read once per container.
 */
export function makeHandler(send: Send, parameterName: string | undefined, version: string) {
  let notice: Promise<string> | undefined;
  const readNotice = async (): Promise<string> => {
    if (!parameterName) {
      return "";
    }
    const result = await send(new GetParameterCommand({ Name: parameterName }));
    return result.Parameter?.Value ?? "";
  };
  return async (): Promise<Reply> => {
    notice ??= readNotice();
    try {
      return { statusCode: 200, body: JSON.stringify({ service: "payments-api", version, notice: await notice }) };
    } catch (error) {
      notice = undefined;
      return { statusCode: 500, body: JSON.stringify({ service: "payments-api", version, error: String(error) }) };
    }
  };
}

const client = new SSMClient({});
export const handler = makeHandler(
  (command) => client.send(command),
  process.env.NOTICE_PARAMETER,
  process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "$LATEST",
);
