/**
 * The thin top of the graph. Knows implementations only through ServiceLoader: it requires
 * sandbox.api and libraries, never a provider module.
 */
module sandbox.cli {
    requires sandbox.api;
    requires org.apache.commons.exec;
    requires org.slf4j;

    uses sandbox.api.Command;
    uses sandbox.api.FirewallService;
    uses sandbox.api.SecretService;
    uses sandbox.api.ImageService;
}
