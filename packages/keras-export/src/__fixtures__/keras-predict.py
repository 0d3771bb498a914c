"""Loads each Keras archive with keras.models.load_model and predicts its features (.npy) into probabilities (.npy).

usage: keras-predict.py JOBS.json   where JOBS.json is [{"archive", "features", "out"}, ...]; prints one JSON line.
"""
import json, os, sys, zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

report = []
for job in json.load(open(sys.argv[1])):
    model = keras.models.load_model(job["archive"])
    meta = json.loads(zipfile.ZipFile(job["archive"]).read("metadata.json"))["audio_dl"]
    x = np.load(job["features"])
    probs = model.predict(x, verbose=0)
    np.save(job["out"], probs.astype(np.float32))
    report.append({"archive": job["archive"], "layers": [l.__class__.__name__ for l in model.layers],
                   "input_shape": list(model.input_shape), "params": model.count_params(), "mapping": meta["mapping"]})
print(json.dumps({"keras": keras.__version__, "models": report}))
