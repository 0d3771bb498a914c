"""Checks an exported model with the ONNX checker (full shape inference) and prints its metadata properties."""
import json
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print(json.dumps({p.key: p.value for p in model.metadata_props}))
