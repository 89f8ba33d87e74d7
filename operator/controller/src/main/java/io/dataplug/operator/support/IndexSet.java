package io.dataplug.operator.support;

import java.util.BitSet;

/** The Job controller's interval notation for indexes: {@code "1,3-5,7"}. */
public final class IndexSet {

    private IndexSet() {
    }

    public static BitSet parse(String text) {
        BitSet set = new BitSet();
        if (text == null || text.isBlank()) {
            return set;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                set.set(Integer.parseInt(p));
            } else {
                set.set(Integer.parseInt(p.substring(0, dash)), Integer.parseInt(p.substring(dash + 1)) + 1);
            }
        }
        return set;
    }

    public static String format(BitSet set) {
        StringBuilder sb = new StringBuilder();
        int i = set.nextSetBit(0);
        while (i >= 0) {
            int end = set.nextClearBit(i) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
