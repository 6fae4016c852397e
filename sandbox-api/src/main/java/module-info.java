/**
 * The bottom of the graph: service interfaces (SPIs) and the few values they share.
 * No third-party dependency, so any tool can embed it.
 */
module sandbox.api {
    exports sandbox.api;
}
