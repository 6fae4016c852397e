/** Allowlists compiled with IPAddress into atomic, fail-closed rulesets. */
module sandbox.firewall {
    requires sandbox.api;
    requires inet.ipaddr;
    requires com.google.common;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires java.net.http;

    exports sandbox.firewall;

    provides sandbox.api.Command with sandbox.firewall.internal.cli.FirewallCommand;
    provides sandbox.api.FirewallService with sandbox.firewall.internal.service.DefaultFirewallService;
    provides sandbox.api.SettingKeys with sandbox.firewall.internal.service.FirewallSettingKeys;
}
