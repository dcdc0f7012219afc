import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { makeHandler } from "../src/handler";

describe("payments-api handler", () => {
  it("answers with the version and the notice from Parameter Store", async () => {
    const send = jest.fn().mockResolvedValue({ Parameter: { Value: "maintenance at 02:00 UTC" } });
    const handler = makeHandler(send, "/payments-api/notice-dev", "7");
    const reply = await handler();
    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ service: "payments-api", version: "7", notice: "maintenance at 02:00 UTC" });
    const command = send.mock.calls[0][0] as GetParameterCommand;
    expect(command.input).toEqual({ Name: "/payments-api/notice-dev" });
  });

  it("reads the parameter once per container", async () => {
    const send = jest.fn().mockResolvedValue({ Parameter: { Value: "hello" } });
    const handler = makeHandler(send, "/payments-api/notice-dev", "7");
    await handler();
    await handler();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("fails the call, and retries the read next time, when Parameter Store fails", async () => {
    const send = jest.fn().mockRejectedValueOnce(new Error("AccessDeniedException")).mockResolvedValue({ Parameter: { Value: "ok" } });
    const handler = makeHandler(send, "/payments-api/notice-dev", "7");
    expect((await handler()).statusCode).toBe(500);
    expect(JSON.parse((await handler()).body).notice).toBe("ok");
  });

  it("needs no parameter", async () => {
    const send = jest.fn();
    const reply = await makeHandler(send, undefined, "1")();
    expect(JSON.parse(reply.body).notice).toBe("");
    expect(send).not.toHaveBeenCalled();
  });
});
