/** The embeddable API: allowlists, compilation, rulesets. */
package sandbox.firewall;
