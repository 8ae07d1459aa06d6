import java.io.File;
import java.util.*;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import org.semanticweb.owlapi.model.parameters.Imports;

/**
 * Reads one or more ontology files with the OWL API, merges them into one ontology and reports, one
 * "key value" line each: the OWL 2 DL profile verdict, its number of violations, and the numbers of
 * classes, named individuals, object/annotation properties and punned IRIs (one IRI declared as
 * more than one kind of entity). The first violations follow as "violation ..." lines.
 * Exit 0 when everything was read, 3 when a file could not be parsed.
 */
public class OwlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology merged = manager.createOntology(IRI.create("urn:il7onto:owlcheck:merged"));
        for (String path : args) {
            OWLOntologyManager reader = OWLManager.createOWLOntologyManager();
            OWLOntology ontology;
            try {
                ontology = reader.loadOntologyFromOntologyDocument(new File(path));
            } catch (OWLOntologyCreationException e) {
                System.out.println("unreadable " + path + ": " + e.getClass().getSimpleName());
                System.exit(3);
                return;
            }
            System.out.println("format " + new File(path).getName() + " " + reader.getOntologyFormat(ontology).getKey());
            manager.addAxioms(merged, ontology.axioms());
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(merged);
        System.out.println("dl " + report.isInProfile());
        System.out.println("violations " + report.getViolations().size());
        System.out.println("classes " + merged.getClassesInSignature(Imports.INCLUDED).size());
        System.out.println("individuals " + merged.getIndividualsInSignature(Imports.INCLUDED).size());
        System.out.println("objectproperties " + merged.getObjectPropertiesInSignature(Imports.INCLUDED).size());
        System.out.println("annotationproperties " + merged.getAnnotationPropertiesInSignature(Imports.INCLUDED).size());
        Set<IRI> punned = new TreeSet<>();
        Map<IRI, Set<EntityType<?>>> kinds = new HashMap<>();
        merged.signature().forEach(e -> kinds.computeIfAbsent(e.getIRI(), k -> new HashSet<>()).add(e.getEntityType()));
        kinds.forEach((iri, types) -> { if (types.size() > 1) punned.add(iri); });
        System.out.println("punned " + punned.size());
        report.getViolations().stream().map(Object::toString).sorted().limit(20)
              .forEach(v -> System.out.println("violation " + v.replace('\n', ' ')));
    }
}
