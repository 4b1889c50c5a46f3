package ai.liouna.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The activation maps of a report (the paper's Figures 2-4): one t-SNE picture per embedded
 * block, and a table of how well each map keeps the classes together.
 */
final class EmbeddingSection {

    private EmbeddingSection() {
    }

    static void add(HtmlPage page, ReportInputs inputs, ChartSize size, List<Figure> figures) {
        if (inputs.embeddings().isEmpty()) {
            return;
        }
        page.heading(2, "Hidden activations, t-SNE");
        page.paragraph("Test images' pooled activations at the first and last block of the"
                + " pretrained backbone, embedded in two dimensions with Barnes-Hut t-SNE and"
                + " coloured by class. Labels play no part in the embedding.");
        List<List<String>> table = new ArrayList<>();
        for (Embedding embedding : inputs.embeddings()) {
            double agreement = NeighbourAgreement.of(embedding);
            Figure figure = new Figure("tsne-block" + embedding.block() + ".png", "t-SNE of"
                    + " block " + embedding.block() + " activations of " + embedding.size()
                    + " test images; nearest-neighbour class agreement in the map "
                    + ReportFormat.percent(agreement) + ".",
                    Charts.png(EmbeddingChart.create("Block " + embedding.block()
                            + " activations, t-SNE", embedding, size)));
            figures.add(figure);
            page.figure(figure);
            table.add(List.of(Integer.toString(embedding.block()),
                    Integer.toString(embedding.size()), ReportFormat.percent(agreement)));
        }
        page.table(List.of("block", "images", "nearest-neighbour class agreement"), table);
        page.note("Agreement is the share of points whose nearest neighbour in the 2-D map has"
                + " the same class; with k balanced classes, chance is about 1/k. Distances"
                + " between clusters in a t-SNE map are not meaningful.");
    }
}
