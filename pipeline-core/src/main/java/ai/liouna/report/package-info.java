/**
 * What a person looks at after a run: the depth-wise linear readout (the paper's Figure 1),
 * training curves, t-SNE maps of hidden activations (its Figures 2-4), the tables of an
 * experiment, and one self-contained HTML page that holds them all. Plain Java over the files
 * the jobs write; nothing here knows Spark.
 */
package ai.liouna.report;
