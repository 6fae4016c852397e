package sandbox.cli;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the known word closest to a typed one, when it is close enough to be a typo. */
public final class Nearest {

    private Nearest() {
    }

    public static Optional<String> among(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : known) {
            int d = editDistance(typed, name);
            if (d < bestDistance || (name.startsWith(typed) && d == bestDistance)) {
                best = name;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        boolean close = bestDistance <= Math.max(1, typed.length() / 3) || best.startsWith(typed);
        return close ? Optional.of(best) : Optional.empty();
    }

    // Levenshtein distance over two rows; words are short.
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
