"""An app behind Palisade: `integrations/python/example/run` starts it on
127.0.0.1:8000 against the Palisade of `cargo run --release`."""

import os

from fastapi import Depends, FastAPI

from palisade_fastapi import Claims, Palisade

palisade = Palisade(os.environ.get("PALISADE_URL", "http://127.0.0.1:8080"))
app = FastAPI(title="Orders (an example app behind Palisade)")


@app.get("/orders")
async def my_orders(user: Claims = Depends(palisade.current_user)):
    return {"user": user.sub, "orders": []}


@app.get("/admin/orders", dependencies=[Depends(palisade.require(role="admin"))])
async def every_order():
    return {"orders": []}
