// The code a function starts with until its pipeline publishes the first real version: it answers
// every call with 503, so nothing mistakes an empty function for a working one. FunctionCode
// writes it under the handler's file name and export, so the real code needs no other handler.
exports.__EXPORT__ = async () => ({
  statusCode: 503,
  body: JSON.stringify({ message: "no version deployed yet: the pipeline publishes the first" }),
});
