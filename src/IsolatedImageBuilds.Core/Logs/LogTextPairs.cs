namespace IsolatedImageBuilds.Core.Logs
{
    /// <summary>
    /// How common each pair of characters is in build log messages, for <see cref="AsciiKeywordSearch"/> to start its
    /// keywords' anchors at their rarest pair. Only speed depends on it: the search finds the same keywords with any ranking.
    /// </summary>
    internal static class LogTextPairs
    {
        /// <summary>
        /// The 400 most frequent pairs of printable ASCII characters (lower-cased, pair after pair, most frequent first) in
        /// the messages (the text after the <c>[id] PACKER &lt;date&gt; ui:</c> prefix) of the real logs in tests/reference/logs,
        /// counted on 2026-12-06 over 2,719 lines: mostly the three whole 2026 W365Claw logs. Fifty pairs a line.
        /// </summary>
        internal const string MostFrequent =
            "  inerreteonro: deaccoorurespaenstitare- aler at ce riazma==ngti-ack eiog fo] llzuedt ke/prm> ag -th"
            + "findn s/nptanfm:s =>ntal paipllo fged ^[[[odexeclailnsrsom nem wprousietutamlirrmeowmphem noanupdapm"
            + "tonewi scesh \"[i bgicl5-ado]ttugposesoelcrl ca.cnaic-4bupsctotviispeunni-pdove r ippeawrss /-wos t '"
            + "rglurc (ptop[22kk^-0t/..ig36-e =chibva11r- g $wah 65 d1-t./raswsw3ocip4-mm99dd:/byrtdi= ulovcpwep/yt"
            + "sca7ephoab-cp mievof25pu8414ubims:/m/tnv1anu [xexi_ab--9.po -dhacu[1a^ftt-higr-id9au,  185/sfay  0ir"
            + "rae.rn.1/a-foa vg/us327a31c -1egebifbdidsutrc:bll-95uaa52- hm/rp-8oo69-60_ onc26e8 2644e-2pd--tp0-gb"
            + "\\\\//tu u) ia98-left:v-b/s_a-g]44ht1321pk1 /wkr**bsdre:r:4.4bi-t_pcdp41ts_rmo9c71g--o1b3ayp63e)9bga-7"
            + "[g/l[d0 f gmggltba\",aa52 {/i.as1; 24a8d]c6c-ldys-hmd$poldl3-72nne_8eml7esya.p] ma1/.[nuiobe/guah?[[r";

        /// <summary>Where in <paramref name="word"/> (lower-case, two characters or more) its least frequent pair starts; the first of equals.</summary>
        public static int RarestPair(string word)
        {
            int best = 0;
            int bestRank = -1;
            for (int j = 0; j + 1 < word.Length; j++)
            {
                int rank = Rank(word[j], word[j + 1]);
                if (rank > bestRank)
                {
                    best = j;
                    bestRank = rank;
                }
            }
            return best;
        }

        // Each ASCII pair's place in MostFrequent (0 the most frequent), pairs not listed after all.
        private static readonly short[] Places = ListPlaces();

        private static int Rank(char a, char b) => (a | b) < 128 ? Places[a << 7 | b] : Places.Length;

        private static short[] ListPlaces()
        {
            var places = new short[128 * 128];
            for (int pair = 0; pair < places.Length; pair++) places[pair] = (short)(MostFrequent.Length / 2);
            for (int p = MostFrequent.Length - 2; p >= 0; p -= 2) places[MostFrequent[p] << 7 | MostFrequent[p + 1]] = (short)(p / 2);
            return places;
        }
    }
}
