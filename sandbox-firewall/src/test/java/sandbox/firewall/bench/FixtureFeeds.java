package sandbox.firewall.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic-size feed fixtures in the publishers' formats, generated deterministically (same
 * seed, same bytes): about 8,000 AWS prefixes and 5,000 GitHub meta entries. The ranges look
 * public but nothing ever connects to them: they exist to be parsed and merged.
 *
 * <p>{@code java … sandbox.firewall.bench.FixtureFeeds DIR} writes github-meta.json and
 * aws-ip-ranges.json into DIR.
 */
public final class FixtureFeeds {

    public static final int AWS_V4 = 6_400;
    public static final int AWS_V6 = 1_600;
    public static final int GITHUB = 5_000;
    private static final long SEED = 20261203L;

    /** First octets typical of the two publishers; none is private, loopback or multicast. */
    private static final int[] AWS_FIRST = {3, 13, 15, 18, 23, 34, 35, 43, 44, 50, 52, 54, 56, 57, 63, 64, 67, 68, 70,
        72, 75, 76, 79, 87, 96, 98, 99, 107, 108, 122, 130, 136, 150, 151, 161, 176, 184, 185, 204, 205, 207, 209, 216};
    private static final int[] GITHUB_FIRST = {4, 13, 20, 40, 51, 52, 104, 135, 137, 138, 140, 143, 185, 191, 192};
    private static final List<String> REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1",
            "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "ap-south-1",
            "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1",
            "sa-east-1", "ca-central-1", "me-south-1", "af-south-1", "il-central-1", "GLOBAL");
    private static final List<String> SERVICES = List.of("EC2", "S3", "CLOUDFRONT", "ROUTE53", "API_GATEWAY", "DYNAMODB");
    private static final List<String> GITHUB_KEYS = List.of("hooks", "web", "api", "git", "github_enterprise_importer",
            "packages", "pages", "importer", "actions_macos", "codespaces", "copilot", "dependabot");

    private FixtureFeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/fixture-feeds");
        write(dir);
        System.out.println("wrote " + dir.resolve("github-meta.json") + " and " + dir.resolve("aws-ip-ranges.json"));
    }

    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        Files.write(dir.resolve("aws-ip-ranges.json"), json.writeValueAsBytes(aws()));
        Files.write(dir.resolve("github-meta.json"), json.writeValueAsBytes(github()));
    }

    static ObjectNode aws() {
        SplittableRandom r = new SplittableRandom(SEED);
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("syncToken", "1764720000").put("createDate", "2026-12-03-00-00-00");
        ArrayNode v4 = root.putArray("prefixes");
        while (v4.size() < AWS_V4) {
            String prefix = v4(r, AWS_FIRST, 16 + r.nextInt(13));
            String region = REGIONS.get(r.nextInt(REGIONS.size()));
            v4.addObject().put("ip_prefix", prefix).put("region", region).put("service", "AMAZON").put("network_border_group", region);
            if (r.nextInt(10) < 4 && v4.size() < AWS_V4) { // the real feed lists most prefixes twice: AMAZON and the service
                v4.addObject().put("ip_prefix", prefix).put("region", region)
                        .put("service", SERVICES.get(r.nextInt(SERVICES.size()))).put("network_border_group", region);
            }
        }
        ArrayNode v6 = root.putArray("ipv6_prefixes");
        while (v6.size() < AWS_V6) {
            String region = REGIONS.get(r.nextInt(REGIONS.size()));
            String service = r.nextInt(10) < 6 ? "AMAZON" : SERVICES.get(r.nextInt(SERVICES.size()));
            v6.addObject().put("ipv6_prefix", v6(r, 0x2600_1f00L, 40 + r.nextInt(25))).put("region", region)
                    .put("service", service).put("network_border_group", region);
        }
        return root;
    }

    static ObjectNode github() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("verifiable_password_authentication", false);
        root.putObject("ssh_key_fingerprints").put("SHA256_ED25519", "FIXTURE-NOT-A-REAL-FINGERPRINT");
        root.putArray("ssh_keys").add("ssh-ed25519 FIXTURE-NOT-A-REAL-KEY");
        int small = 0;
        for (String key : GITHUB_KEYS) {
            ArrayNode list = root.putArray(key);
            int n = 20 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                list.add(r.nextInt(5) == 0 ? v6(r, 0x2a0a_a440L, 32 + r.nextInt(33)) : v4(r, GITHUB_FIRST, 20 + r.nextInt(13)));
            }
            small += n;
        }
        ArrayNode actions = root.putArray("actions"); // the real feed's largest key: cloud runner ranges
        for (int i = small; i < GITHUB; i++) {
            actions.add(r.nextInt(8) == 0 ? v6(r, 0x2603_1000L, 40 + r.nextInt(25)) : v4(r, GITHUB_FIRST, 18 + r.nextInt(13)));
        }
        root.putObject("domains").putArray("website").add("*.github.example");
        return root;
    }

    private static String v4(SplittableRandom r, int[] firsts, int prefix) {
        int first = firsts[r.nextInt(firsts.length)];
        String text = first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "/" + prefix;
        IPAddress block = new IPAddressString(text).getAddress().toPrefixBlock();
        return block.toCanonicalString();
    }

    /** A block inside the /32 whose first 32 bits are {@code top}. */
    private static String v6(SplittableRandom r, long top, int prefix) {
        String text = String.format("%x:%x:%x:%x::/%d", top >>> 16, top & 0xffff, r.nextInt(0x10000), r.nextInt(0x10000), prefix);
        return new IPAddressString(text).getAddress().toPrefixBlock().toCanonicalString();
    }
}
