// The smallest handler the module tests zip; blueprint D ships and tests its own.
export const handler = async () => ({ statusCode: 200, body: "ok" });
